"""The IdP's demo relying party (デモRP): a company's site that logs its users in with the
card through the IdP and has them sign a document (`jpki.apps.demo_rp.app`)."""
