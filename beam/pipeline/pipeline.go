// Package pipeline runs pivotrisk studies on Apache Beam: every shard of
// every scenario variant is a task a DoFn runs with sim.RunPartial, the
// partials are combined per variant by a CombineFn built on
// sim.MergePartials (exact, so associative and commutative, as a
// CombineFn must be), and each variant's merged Partial becomes its
// sim.Result, written as JSON. The Result equals the single-machine Run
// of the same variant, byte for byte but for the run's timing figures,
// whatever the runner does with the shards (how it groups and orders the
// merges, how many times it retries a task).
//
// It lives in its own module (github.com/pivotrisk/pivotrisk/beam), so the
// core library never pulls Beam in. It runs unchanged on Beam's portable
// runners (Flink, Spark, Dataflow, prism); see beam/README.md.
package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Variant is one run of a study: its Key (a file-name-safe name, unique
// in the study), its scenario and its Config (the whole run's: Paths,
// Seed, FirstPath, Antithetic, …) as JSON. A sweep is one Variant per
// scenario variant.
type Variant struct {
	Key          string
	ScenarioJSON []byte
	ConfigJSON   []byte
}

// NewVariant returns the Variant of sc run with cfg under key.
func NewVariant(key string, sc *model.Scenario, cfg sim.Config) (Variant, error) {
	s, err := json.Marshal(sc)
	if err != nil {
		return Variant{}, fmt.Errorf("pipeline: variant %q: scenario: %w", key, err)
	}
	cfg.Progress, cfg.Observers = nil, nil
	c, err := json.Marshal(cfg)
	if err != nil {
		return Variant{}, fmt.Errorf("pipeline: variant %q: config: %w", key, err)
	}
	return Variant{Key: key, ScenarioJSON: s, ConfigJSON: c}, nil
}

// decode returns the variant's scenario and config, checked.
func (v Variant) decode() (*model.Scenario, sim.Config, error) {
	var sc model.Scenario
	dec := json.NewDecoder(bytes.NewReader(v.ScenarioJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return nil, sim.Config{}, fmt.Errorf("pipeline: variant %q: scenario: %w", v.Key, err)
	}
	if err := sc.Validate(); err != nil {
		return nil, sim.Config{}, fmt.Errorf("pipeline: variant %q: scenario: %w", v.Key, err)
	}
	var cfg sim.Config
	if err := json.Unmarshal(v.ConfigJSON, &cfg); err != nil {
		return nil, sim.Config{}, fmt.Errorf("pipeline: variant %q: config: %w", v.Key, err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, sim.Config{}, fmt.Errorf("pipeline: variant %q: config: %w", v.Key, err)
	}
	return &sc, cfg, nil
}

// Task is one shard of one variant: paths [From, To) of the variant Key.
type Task struct {
	Key      string
	From, To uint64
}

// Options are a study's settings.
type Options struct {
	// Shards is the number of shards per variant (sim.ShardRange), at
	// least 1.
	Shards int
	// Samples keeps every path's samples in the partials (exact
	// quantiles); false keeps compact partials (see sim.Partial).
	Samples bool
	// OutDir, if not empty, is where each variant's Result is written, as
	// OutDir/KEY.json (any path Beam's filesystems take: a local
	// directory, gs://…, s3://…, with the filesystem's package imported).
	OutDir string
}

func init() {
	beam.RegisterType(reflect.TypeOf((*Task)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Variant)(nil)).Elem())
	register.DoFn3x1[context.Context, Task, func(string, []byte), error](&runShardFn{})
	register.Emitter2[string, []byte]()
	register.Combiner3[[]byte, []byte, []byte](&mergeFn{})
	register.DoFn4x1[context.Context, string, []byte, func(string, []byte), error](&resultFn{})
}

// Build adds the study to s: the tasks of every variant, run, combined per
// variant and turned into Results. It returns the PCollection of
// KV<key, Result JSON>. It checks the variants (unique keys, scenarios
// and configs that validate, Shards within each run's paths) first.
func Build(s beam.Scope, variants []Variant, opt Options) (beam.PCollection, error) {
	var tasks []Task
	seen := map[string]bool{}
	for _, v := range variants {
		if v.Key == "" || seen[v.Key] || path.Base(v.Key) != v.Key {
			return beam.PCollection{}, fmt.Errorf("pipeline: variant key %q: want a unique, non-empty file name", v.Key)
		}
		seen[v.Key] = true
		_, cfg, err := v.decode()
		if err != nil {
			return beam.PCollection{}, err
		}
		for i := range max(opt.Shards, 1) {
			rg, err := sim.ShardRange(cfg, i, opt.Shards)
			if err != nil {
				return beam.PCollection{}, fmt.Errorf("pipeline: variant %q: %w", v.Key, err)
			}
			tasks = append(tasks, Task{Key: v.Key, From: rg.From, To: rg.To})
		}
	}
	s = s.Scope("pivotrisk")
	col := beam.Reshuffle(s, beam.CreateList(s, tasks)) // spread the shards over the workers
	parts := beam.ParDo(s, &runShardFn{Variants: variants, Samples: opt.Samples}, col)
	merged := beam.CombinePerKey(s, &mergeFn{}, parts)
	return beam.ParDo(s, &resultFn{Variants: variants, OutDir: opt.OutDir}, merged), nil
}

// variantsByKey returns the variants by key.
func variantsByKey(vs []Variant) map[string]Variant {
	m := make(map[string]Variant, len(vs))
	for _, v := range vs {
		m[v.Key] = v
	}
	return m
}

// runShardFn runs a Task and emits KV<key, partial file bytes>.
type runShardFn struct {
	Variants []Variant
	Samples  bool
	byKey    map[string]Variant
}

func (f *runShardFn) Setup() { f.byKey = variantsByKey(f.Variants) }

func (f *runShardFn) ProcessElement(ctx context.Context, t Task, emit func(string, []byte)) error {
	v, ok := f.byKey[t.Key]
	if !ok {
		return fmt.Errorf("pipeline: task of unknown variant %q", t.Key)
	}
	sc, cfg, err := v.decode()
	if err != nil {
		return err
	}
	p, err := sim.RunPartial(ctx, sc, cfg, sim.PathRange{From: t.From, To: t.To}, sim.PartialOptions{Samples: f.Samples})
	if err != nil {
		return fmt.Errorf("pipeline: variant %q, paths [%d, %d): %w", t.Key, t.From, t.To, err)
	}
	var b bytes.Buffer
	if err := p.WritePartial(&b); err != nil {
		return err
	}
	emit(t.Key, b.Bytes())
	return nil
}

// mergeFn combines the partials of one variant (sim.MergePartials); its
// accumulator is a partial file's bytes, empty for none.
type mergeFn struct{}

func (mergeFn) CreateAccumulator() []byte { return nil }

func (mergeFn) AddInput(acc, part []byte) ([]byte, error) { return mergeBytes(acc, part) }

func (mergeFn) MergeAccumulators(a, b []byte) ([]byte, error) { return mergeBytes(a, b) }

func (mergeFn) ExtractOutput(acc []byte) []byte { return acc }

// mergeBytes merges two partial files' bytes.
func mergeBytes(a, b []byte) ([]byte, error) {
	if len(a) == 0 {
		return slices.Clone(b), nil
	}
	if len(b) == 0 {
		return slices.Clone(a), nil
	}
	pa, err := sim.ReadPartial(bytes.NewReader(a))
	if err != nil {
		return nil, err
	}
	pb, err := sim.ReadPartial(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	m, err := sim.MergePartials(pa, pb)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := m.WritePartial(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// resultFn turns a variant's merged partial into its Result JSON, emitted
// and, with OutDir, written.
type resultFn struct {
	Variants []Variant
	OutDir   string
	byKey    map[string]Variant
}

func (f *resultFn) Setup() { f.byKey = variantsByKey(f.Variants) }

func (f *resultFn) ProcessElement(ctx context.Context, key string, part []byte, emit func(string, []byte)) error {
	p, err := sim.ReadPartial(bytes.NewReader(part))
	if err != nil {
		return fmt.Errorf("pipeline: variant %q: %w", key, err)
	}
	sc, _, err := f.byKey[key].decode()
	if err != nil {
		return err
	}
	res, err := p.Result(ctx, sc)
	if err != nil {
		return fmt.Errorf("pipeline: variant %q: %w", key, err)
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil {
		return err
	}
	if f.OutDir != "" {
		if err := writeFile(ctx, f.OutDir+"/"+key+".json", b.Bytes()); err != nil {
			return fmt.Errorf("pipeline: variant %q: %w", key, err)
		}
	}
	emit(key, b.Bytes())
	return nil
}

// writeFile writes data to name through Beam's filesystems.
func writeFile(ctx context.Context, name string, data []byte) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
