// The comparator's IEEE helpers: bits in hex, the shortest decimal that reads back in its dtype, and the distance in
// units in the last place. IEEE facts and the project's own conventions ("nan", "-0", +0 and -0 one ULP apart), no
// PyTorch value.
import { describe, expect, it } from "vitest";
import { decimal, hexBits, ulpDistance } from "../../src/conformance/floats.ts";

const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
const f64 = (bits: bigint) => new Float64Array(new BigUint64Array([bits]).buffer)[0]!;

describe("hexBits", () => {
  it("shows every bit of the dtype, leading zeros included", () => {
    expect(hexBits(1, "float32")).toBe("0x3f800000");
    expect(hexBits(f32(1), "float32")).toBe("0x00000001");
    expect(hexBits(-0, "float32")).toBe("0x80000000");
    expect(hexBits(1, "float64")).toBe("0x3ff0000000000000");
    expect(hexBits(f64(1n), "float64")).toBe("0x0000000000000001");
  });
});

describe("decimal", () => {
  it("names the special values", () => {
    for (const dtype of ["float32", "float64"] as const) {
      expect([NaN, -0, 0, Infinity, -Infinity].map((x) => decimal(x, dtype))).toEqual(["nan", "-0", "0", "inf", "-inf"]);
    }
  });

  it("is the shortest decimal that reads back as the same float32, up to the 9 digits some need", () => {
    expect(decimal(Math.fround(0.1), "float32")).toBe("0.1");
    expect(decimal(Math.fround(0.90000004), "float32")).toBe("0.90000004");
    expect(decimal(-2.5, "float32")).toBe("-2.5");
    expect(decimal(f32(0x03b2693b), "float32")).toBe("1.04860595e-36");
  });

  it("is JavaScript's shortest round trip for float64, not float32's", () => {
    expect(decimal(Math.fround(0.1), "float64")).toBe("0.10000000149011612");
    expect(decimal(0.1, "float64")).toBe("0.1");
  });

  it("shows a number that is no float32 as it is", () => {
    expect(decimal(0.1 + 0.2, "float32")).toBe("0.30000000000000004");
  });
});

describe("ulpDistance", () => {
  it("counts adjacent floats as 1 apart, in either order", () => {
    expect(ulpDistance(1, f32(0x3f800001), "float32")).toBe(1n);
    expect(ulpDistance(f32(0x3f800001), 1, "float32")).toBe(1n);
    expect(ulpDistance(1, f64(0x3ff0000000000001n), "float64")).toBe(1n);
    expect(ulpDistance(f64(0x3ff0000000000001n), 1, "float64")).toBe(1n);
    expect(ulpDistance(2.5, 2.5, "float32")).toBe(0n);
  });

  it("puts -0 one below +0, and counts across zero through both", () => {
    expect(ulpDistance(-0, 0, "float32")).toBe(1n);
    expect(ulpDistance(0, -0, "float64")).toBe(1n);
    expect(ulpDistance(-f32(1), f32(1), "float32")).toBe(3n);
    expect(ulpDistance(-f64(1n), f64(1n), "float64")).toBe(3n);
    expect(ulpDistance(-1, 1, "float32")).toBe(2n * 0x3f800000n + 1n);
    expect(ulpDistance(-1, 1, "float64")).toBe(2n * 0x3ff0000000000000n + 1n);
    expect(ulpDistance(-1, -f32(0x3f800001), "float32")).toBe(1n);
  });

  it("is exact beyond 2^53 for float64", () => {
    expect(ulpDistance(-Number.MAX_VALUE, Number.MAX_VALUE, "float64")).toBe(2n * 0x7fefffffffffffffn + 1n);
  });
});
