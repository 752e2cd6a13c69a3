# Build strings with interpolation in a loop.
def main():
    total = 0
    for i in range(300000):
        s = f"item {i}: value {i * 2} done"
        total += len(s)
    return total

print(main())
