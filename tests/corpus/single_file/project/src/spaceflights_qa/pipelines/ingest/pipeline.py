from functools import partial

from kedro.pipeline import Node, Pipeline, node

from . import nodes as ingest_nodes
from .nodes import clean_companies as clean, load_companies


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(load_companies, "params:companies_path", "companies_raw"),
            node(ingest_nodes.load_shuttles, None, "shuttles_raw"),
            node(ingest_nodes.load_reviews, "params:region", "reviews_raw"),
            node(ingest_nodes.load_partitions, "params:partitions", "partitions"),
            node(ingest_nodes.fetch_exchange_rates, "params:rates_url", "rates"),
            node(ingest_nodes.dedupe_companies, "companies_raw", "companies_new"),
            node(clean, "companies_new", "companies_clean"),
            node(ingest_nodes.clean_shuttles, "shuttles_raw", "shuttles_clean"),
            node(ingest_nodes.stamp_companies, "companies_clean", "companies_stamped"),
            node(ingest_nodes.parse_manifest, "manifest_text", "manifest"),
            node(ingest_nodes.load_ingest_settings, None, "ingest_settings"),
            node(partial(ingest_nodes.archive_raw, archive_dir="params:archive_dir"), "companies_raw", "archived"),
            Node(func=ingest_nodes.snapshot_companies, inputs=["companies_clean", "params:out_dir"], outputs="snap"),
            node(ingest_nodes.enrich_companies, ["companies_clean", "params:debug_dir"], "enriched"),
            node(ingest_nodes.describe_companies, "companies_clean", "summary"),
            node(ingest_nodes.validate_source, ["companies_clean", "params:source_uri"], "validated"),
            node(ingest_nodes.add_country_codes, ["validated", "params:codes_url", "params:overrides"], "coded"),
            node(ingest_nodes.companies_as_csv_text, "coded", "companies_text"),
            node(ingest_nodes.add_price_per_unit, "coded", "priced"),
            node(lambda companies: companies.dropna(), "priced", "priced_complete"),  # ok: SL201
        ]
    )
