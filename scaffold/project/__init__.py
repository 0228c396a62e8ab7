"""Project stage: create a project (``init``) and add services (``new-service``) via Copier.

Outside the render pipeline: these functions write user-owned files once, from the Copier
templates shipped in ``scaffold/_templates/copier``.
"""
