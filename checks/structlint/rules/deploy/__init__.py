"""SL6xx: deployment readiness, what breaks when a project runs under an orchestrator or
on a cluster."""
