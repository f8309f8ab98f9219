// pulumi-language-nodejs: a minimal Node.js language host for the engine tier.
//
// Upstream's host is its own Go module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3),
// which the Go module proxy reachable from this project's machines does not serve. This host implements
// the part of the LanguageRuntime protocol that `pulumi preview/up/refresh/destroy` use: the engine starts
// it with the engine's address, reads the port from its first stdout line, and calls Run, which starts
// `node <@pulumi/pulumi>/cmd/run` with the flags and environment that script documents (--monitor,
// --engine, --project, --stack, --pwd, --dry-run, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, …).
// Plugins are not reported (GetRequiredPackages answers none): the tests put every plugin on PATH.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitAfterUserMessage is the exit code of @pulumi/pulumi's cmd/run when it has already printed an
// actionable error: the engine then stops without adding a message of its own ("bail").
const exitAfterUserMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	tracing       string
}

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint (passed on to the program)")
	// Flags older engines passed; accepted and ignored (runtime options arrive in ProgramInfo).
	flag.String("root", "", "ignored")
	flag.Bool("typescript", false, "ignored")
	flag.String("tsconfig", "", "ignored")
	flag.String("nodeargs", "", "ignored")
	flag.Parse()

	h := &host{tracing: *tracing}
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[0]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: strings.TrimPrefix(version.Version, "v")}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// runScript finds @pulumi/pulumi's cmd/run the way Node resolves it from the program's folder.
func runScript(ctx context.Context, node, dir string) (string, error) {
	if path := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); path != "" {
		return path, nil
	}
	cmd := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("@pulumi/pulumi is not installed where %s can require it (npm ci?): %v: %s",
			dir, err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// option reads a runtime option of Pulumi.yaml (`runtime.options`) from the ProgramInfo.
func option(req *pulumirpc.RunRequest, name string) (any, bool) {
	options := req.GetInfo().GetOptions()
	if options == nil {
		return nil, false
	}
	value, ok := options.AsMap()[name]
	return value, ok
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the PATH: %w", err)
	}
	pwd := req.GetPwd()
	script, err := runScript(ctx, node, pwd)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := []string{script}
	flagIfSet := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIfSet("monitor", req.GetMonitorAddress())
	flagIfSet("engine", h.engineAddress)
	flagIfSet("organization", req.GetOrganization())
	flagIfSet("project", req.GetProject())
	flagIfSet("root-directory", req.GetInfo().GetRootDirectory())
	flagIfSet("stack", req.GetStack())
	flagIfSet("pwd", pwd)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagIfSet("parallel", strconv.Itoa(int(req.GetParallel())))
	flagIfSet("tracing", h.tracing)
	program := req.GetProgram()
	if program == "" {
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	// Like upstream's host, TypeScript (ts-node) is on unless Pulumi.yaml says `typescript: false`.
	if typescript, ok := option(req, "typescript"); !ok || typescript != false {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := option(req, "tsconfig"); ok {
		env = append(env, fmt.Sprintf("PULUMI_NODEJS_TSCONFIG_PATH=%v", tsconfig))
	}
	if nodeargs, ok := option(req, "nodeargs"); ok {
		args = append(strings.Fields(fmt.Sprint(nodeargs)), args...)
	}

	// The program's output goes straight to the engine, which shows it as diagnostics.
	cmd := exec.Command(node, args...)
	cmd.Dir = pwd
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterUserMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}
