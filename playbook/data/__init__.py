"""Data files shipped inside the package (the webmail and internet-provider domain list)."""
