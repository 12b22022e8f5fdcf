"""Lull's benchmarks: start-up, CPU, idle, memory, timing and chimes, each against its floor."""
