package model

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// contractKinds are the contract kinds a scenario file can name, one line
// per kind: the JSON key its terms sit under and its default terms (whose
// Business method gives the name "business" takes). The first is the
// default of a strategy that names none. A new kind of contract is a file
// in model/site implementing site.ContractTerms and site.Contract, and one
// line here.
var contractKinds = []contractKind{
	kindOf("lease", site.DefaultLease),
	kindOf("gpuCloud", site.DefaultGPUCloud),
}

// contractKind is one kind of contract of scenario files.
type contractKind struct {
	business string       // the "business" value naming it
	key      string       // the JSON key of its terms
	typ      reflect.Type // the Go type of its terms (a value type)
	defaults func() site.ContractTerms
	decode   func(b []byte) (site.ContractTerms, error)
}

// kindOf returns the kind whose terms are of type T, under key, starting
// from defaults when decoded.
func kindOf[T site.ContractTerms](key string, defaults func() T) contractKind {
	return contractKind{
		business: defaults().Business(),
		key:      key,
		typ:      reflect.TypeFor[T](),
		defaults: func() site.ContractTerms { return defaults() },
		decode: func(b []byte) (site.ContractTerms, error) {
			t := defaults()
			if err := strictjson.Unmarshal(b, &t); err != nil {
				return nil, err
			}
			return t, nil
		},
	}
}

// kindByBusiness returns the kind named business ("" is the default kind).
func kindByBusiness(business string) (*contractKind, error) {
	if business == "" {
		return &contractKinds[0], nil
	}
	for i := range contractKinds {
		if contractKinds[i].business == business {
			return &contractKinds[i], nil
		}
	}
	return nil, fmt.Errorf("business %q: must be %s", business, businessNames())
}

// kindOfTerms returns the kind of terms, which must be of its listed type
// (a kind's terms are written and read back as that type).
func kindOfTerms(t site.ContractTerms) (*contractKind, error) {
	for i := range contractKinds {
		k := &contractKinds[i]
		if k.business == t.Business() {
			if reflect.TypeOf(t) != k.typ {
				return nil, fmt.Errorf("terms of type %s (contract kind %q has terms of type %s)", reflect.TypeOf(t), k.business, k.typ)
			}
			return k, nil
		}
	}
	return nil, fmt.Errorf("%s (a contract kind of model's contracts.go; run others in a site.Pivot of Scenario.Custom)", businessNames())
}

// businessNames lists the kinds' names: "colocation or gpuCloud".
func businessNames() string {
	names := make([]string, len(contractKinds))
	for i, k := range contractKinds {
		names[i] = k.business
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
