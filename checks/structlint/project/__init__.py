"""The static project model that whole-project rules read: files, git, conf/, pipelines."""
