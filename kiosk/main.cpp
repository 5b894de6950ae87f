// Placeholder until the kiosk UI lands.
int main() { return 0; }
