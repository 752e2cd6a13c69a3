print("slm")
