int clamp(int x);
int sum_to(int n);
int positive(int x);
int step(int n);
