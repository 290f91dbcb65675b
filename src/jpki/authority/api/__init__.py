"""The authority's HTTP API: admin (municipal counters, J-LIS), accredited verifiers, CRLs, OCSP."""
