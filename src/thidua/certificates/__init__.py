"""Certificates of conferred titles and awards, their QR verification and the public lookup."""
