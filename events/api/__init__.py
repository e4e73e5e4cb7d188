"""HTTP controllers: decode, make one domain call, encode the audience's struct."""
