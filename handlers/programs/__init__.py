"""Program information: the program menu, sections, lessons with check questions, and the glossary."""
