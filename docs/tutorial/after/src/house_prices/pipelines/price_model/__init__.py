"""The price model: from raw houses and exchange rates to a trained regressor."""
