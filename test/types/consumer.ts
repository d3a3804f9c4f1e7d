// A port user's file, compiled by tsc (never run): in the repository by `npm run typecheck` (tsconfig.json maps
// "torch-conformance" to src/index.ts), and against the packed package's .d.ts by test/e2e/pack-install.test.ts.
// Each @ts-expect-error line must fail to compile, or tsc reports the directive as unused.
import { manualSeed, nn, ones, onWarning, tensor, zeros, type PyWarning, type Tensor } from "torch-conformance";
import { describeConformance } from "torch-conformance/vitest";
import { builtinAdapter, type Adapter } from "torch-conformance/adapter";
import { caseArbitrary } from "torch-conformance/arbitraries";
import * as nnOnly from "torch-conformance/nn";

manualSeed(0);
const bn: nn.BatchNorm1d = new nn.BatchNorm1d(3, { momentum: null, eps: 1e-3 });
const bn2 = new nn.BatchNorm2d(4n, { affine: false, trackRunningStats: false, dtype: "float64", device: "cpu" });
const lazy: nn.LazyBatchNorm2d = new nn.LazyBatchNorm2d();
const lazyWithOptions = new nn.LazyInstanceNorm3d({ momentum: 0.2 });
const inorm = new nn.InstanceNorm1d(5, { affine: true });
const drop = new nn.Dropout(0.2, { inplace: true });
const rrelu = new nn.RReLU(0.1, 0.3);
const seq = new nn.Sequential(bn, drop, rrelu);
const y: Tensor = seq.call(tensor([[1, 2, 3], [4, 5, 6]]));
const ints: Tensor = tensor([[1n, 2n]], { dtype: "int64" });
const z: Tensor = zeros([2, 3]);
const o: Tensor = ones(4, { dtype: "float64" });
const stop: () => void = onWarning((w: PyWarning) => console.log(w.category, w.message));
const lazyIsModule: nn.Module = lazy;
const fromNn: nnOnly.BatchNorm3d = new nnOnly.BatchNorm3d(2);
const adapter: Adapter = builtinAdapter;
void [bn2, lazyWithOptions, inorm, y, ints, z, o, stop, lazyIsModule, fromNn, adapter, caseArbitrary, describeConformance];

// @ts-expect-error num_features is required
new nn.BatchNorm1d();
// @ts-expect-error num_features is a number or a bigint
new nn.BatchNorm1d("3");
// @ts-expect-error options are named: PyTorch's positional eps is not a second argument here
new nn.BatchNorm1d(3, 1e-5);
// @ts-expect-error unknown option
new nn.BatchNorm1d(3, { momentom: 0.1 });
// @ts-expect-error momentum is a number or null
new nn.BatchNorm1d(3, { momentum: "0.1" });
// @ts-expect-error a lazy module infers num_features: it takes options only
new nn.LazyBatchNorm2d(3);
// @ts-expect-error dtype is a dtype name
new nn.BatchNorm1d(3, { dtype: "float16" });
// @ts-expect-error Dropout's inplace is an option
new nn.Dropout(0.5, true);
// @ts-expect-error tensor() takes numbers or bigints
tensor([["a"]]);
