// Placeholder so the target configures; the UI work replaces it.
