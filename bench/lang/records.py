# Record field access in a loop (a dict, the closest Python value to a record).
def main():
    p = {"x": 3, "y": 4, "z": 5}
    total = 0
    for i in range(2000000):
        total += p["x"] + p["y"] * p["z"]
    return total

print(main())
