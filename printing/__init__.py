"""Printed documents (reportlab): receipts, notices, certificates, calibration sheets."""
