"""The client side of the `/v1` contract. Real deployments plug a province's API in here."""
