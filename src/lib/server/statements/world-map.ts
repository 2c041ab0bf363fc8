/**
 * The world map of the statistics page, drawn on the server: the countries' outlines (Natural
 * Earth at 1:110m, from world-atlas) projected once per process (Equal Earth, without
 * Antarctica), each under its ISO 3166 alpha-2 code. No tiles, no request to another site.
 * Countries too small for this scale (Malta, Singapore, …) have no shape: the table beside the
 * map lists every country.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import isoCountries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection } from 'geojson';
import atlas from 'world-atlas/countries-110m.json';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 420;
const ANTARCTICA = '010';

export type CountryShape = { code: string; d: string };

let shapes: CountryShape[] | null = null;

/** Every country's outline as an SVG path in a MAP_WIDTH × MAP_HEIGHT box. */
export function worldShapes(): CountryShape[] {
	if (shapes) return shapes;
	const topology = atlas as unknown as Topology<{ countries: GeometryCollection }>;
	const world = feature(topology, topology.objects.countries) as FeatureCollection;
	const land: FeatureCollection = { type: 'FeatureCollection', features: world.features.filter((f: Feature) => f.id !== ANTARCTICA) };
	const path = geoPath(geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], land)).digits(0);
	shapes = land.features
		.map((f) => ({ code: isoCountries.numericToAlpha2(String(f.id ?? '')) ?? '', d: relative(path(f) ?? '') }))
		.filter((shape) => shape.d !== '');
	return shapes;
}

/**
 * The same outline in relative moves, each point once: d3 writes whole pixels as absolute
 * coordinates (`M480,210L481,210L481,210…`); as steps from the last point, without the repeats that
 * rounding leaves, the map is about half the bytes on the page.
 */
function relative(d: string): string {
	let out = '';
	let [x, y] = [0, 0];
	let start = [0, 0];
	for (const [, command, coordinates] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
		if (command === 'Z') {
			// Closing a ring goes back to its first point: the next move starts from there.
			out += 'z';
			[x, y] = start;
			continue;
		}
		const [nx, ny] = coordinates.split(',').map(Number);
		if (command === 'L' && nx === x && ny === y) continue;
		out += `${command === 'M' ? 'm' : 'l'}${nx - x},${ny - y}`.replace(/,-/g, '-');
		[x, y] = [nx, ny];
		if (command === 'M') start = [nx, ny];
	}
	return out;
}

/** How dark a country is drawn: 0 for none, then 1–5 on a logarithmic scale up to the most signatures. */
export function shadeOf(signatures: number, most: number): number {
	if (signatures <= 0 || most <= 0) return 0;
	return Math.max(1, Math.ceil((5 * Math.log1p(signatures)) / Math.log1p(most)));
}
