import sharp from 'sharp';
const [,, input, out, top, height] = process.argv;
const meta = await sharp(input).metadata();
const t = top < 0 ? meta.height + Number(top) : Number(top);
await sharp(input).extract({ left: 0, top: t, width: meta.width, height: Math.min(Number(height), meta.height - t) }).toFile(out);
console.log(meta.width, meta.height);
