print("face-server")
