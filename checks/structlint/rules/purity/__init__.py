"""SL2xx: node purity, what a node function may not do."""
