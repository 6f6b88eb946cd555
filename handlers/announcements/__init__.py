"""Announcements: who may reach whom (audience), composing and sending (service), and UMUMKAN / PENGUMUMAN (flow)."""
