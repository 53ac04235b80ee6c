{% raw %}"""Nodes of the ``{{ cookiecutter.pipeline_name }}`` pipeline.

A node is a pure function: it receives data and parameters as arguments and returns
new data. Declare the datasets it reads and writes in conf/base/catalog.yml, and its
parameters in conf/base/parameters_{{ cookiecutter.pipeline_name }}.yml. For example::

    def clean_orders(orders: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
        return orders.loc[orders["amount"] >= params["min_amount"]]
"""{% endraw %}
