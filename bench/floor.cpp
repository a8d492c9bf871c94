// Placeholder: the floor program lands with the scale work.
int main() { return 0; }
