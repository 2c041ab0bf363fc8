/** The axis top of a chart: the next "round" number (1, 2, 2.5, 5 × a power of ten) at or above n. */
export function niceCeiling(n: number): number {
	if (n <= 1) return 1;
	const power = 10 ** Math.floor(Math.log10(n));
	return [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= n)!;
}
