"""Corridor services: every state change, with its checks, transaction and audit entry.

agreements (versions, relay, acceptance), movements (notifications, acknowledgements, alerts),
registration (households and decisions), convoys (planning, places, manifests), handover
(check-points, reconciliation, incidents, arrival).
"""
