// pulumi-resource-kubernetes, built from github.com/pulumi/pulumi-kubernetes/provider/v4.
//
// Upstream's main package embeds schema files that its build generates (they are not in the module), so
// this main serves the same provider with the schema of the module's cmd/pulumi-resource-kubernetes
// folder, which tools/build-pulumi-engine.sh copies next to this file in a build folder outside the repo.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
