"""Shared logic of the provincial digital-economy briefs (imported as ``helpers``)."""

__version__ = "0.1.0"
