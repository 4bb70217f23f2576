"""Justice service: cases only for persons who consented to share with police or prosecutor."""
