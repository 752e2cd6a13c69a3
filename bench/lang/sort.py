# Build a 100k-element list with a pseudo-random recurrence, then sort it.
def main():
    xs = []
    x = 12345
    for i in range(100000):
        x = (x * 1103515245 + 12345) % 2147483648
        xs.append(x)
    s = sorted(xs)
    return s[0] + s[50000] + s[99999]

print(main())
