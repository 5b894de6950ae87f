// Placeholder until the technicians tool lands.
int main() { return 0; }
