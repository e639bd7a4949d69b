-- A task gathering itself: reported as a deadlock, never an endless cancel loop.
print(pcall(asyncio.gather, asyncio.current_task()))
