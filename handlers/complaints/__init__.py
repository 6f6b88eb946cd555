"""Complaints (pengaduan): tickets, the lifecycle, who may see what, and the service that chat,
command line and dashboard all call."""
