"""SL3xx: parameters only via config."""
