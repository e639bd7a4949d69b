-- Not hostile: the one submission that scores full marks, proving the others harmed nothing.
print("hello")
return 42
