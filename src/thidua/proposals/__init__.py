"""Proposal dossiers (hồ sơ đề nghị khen thưởng), council sessions, decisions that write the registry."""
