"""Seed data for the reference server: the demo catalogue loader helpers and synthetic items."""
