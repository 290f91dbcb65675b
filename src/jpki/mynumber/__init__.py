"""The numbering system (番号制度): My Numbers, the information provision network
(情報提供ネットワークシステム) with institution-specific codes and its whitelist, the agencies'
intermediate servers, and health IDs (医療等ID)."""
