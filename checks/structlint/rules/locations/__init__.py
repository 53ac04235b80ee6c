"""SL1xx: hardcoded locations (paths, URIs, secrets) in package code."""
