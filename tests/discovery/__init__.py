"""Column discovery: generated home pages with the columns a person would register, and the demo farm."""
