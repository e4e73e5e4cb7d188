"""Portable skills cards (issue 15): a reviewed card as an Open Badges 3.0 AchievementCredential
(W3C Verifiable Credentials 2.0), signed by the issuing organisation with a Data Integrity proof
(``eddsa-rdfc-2022``), which anyone can verify without calling us."""
