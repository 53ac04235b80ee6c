"""The rule catalogue: one module per rule family or rule. Every Rule subclass with a `code`
in a module of this package is registered."""
