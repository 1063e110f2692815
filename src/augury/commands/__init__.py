"""Thin typer shells, one module per command group; ``augury.cli`` assembles them.

Commands parse flags, call one capability function and print its result. Logic
lives in the capability packages, never here.
"""
