// Realistic manifests for the benchmark corpora, as arrays of lines so that errors can be
// injected at a known line. Every generated document is clean for every rule of the validator:
// images are pinned, containers set requests and limits, every ConfigMap a pod refers to is
// defined in the same file and namespace, every Service selects its Deployment's pods.

const languages = ['java', 'go', 'node', 'python', 'dotnet'];
const logLevels = ['debug', 'info', 'warn', 'error'];
const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const cpuRequests = ['50m', '100m', '200m', '250m', '500m'];
const memoryRequests = ['64Mi', '128Mi', '256Mi', '512Mi'];
const cpuLimits = ['250m', '500m', '1', '2'];
const memoryLimits = ['256Mi', '512Mi', '1Gi', '2Gi'];
const sidecars = [
  { name: 'envoy', image: 'envoyproxy/envoy:v1.31.2', port: 9901 },
  { name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', port: 2020 },
  { name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', port: 4180 },
];

/**
 * Shapes: `realistic` (the default: the fields teams write — labels, annotations, probes, security
 * contexts, volumes, sidecars) and `lean` (only the fields a valid manifest needs plus the ones the
 * validator's rules check, like the corpus of the reference numbers; ~2.3× lighter to parse,
 * see docs/benchmarks.md). Each document lists the fields both shapes share once and adds the
 * realistic ones.
 */
export const shapes = ['realistic', 'lean'];

function isFull(shape) {
  if (!shapes.includes(shape)) throw new Error(`unknown manifest shape ${shape} (${shapes.join(', ')})`);
  return shape === 'realistic';
}

/**
 * configMap is a ConfigMap with a few settings and an embedded config file. Shape `lean` (see
 * shapes below) keeps the name label and three settings.
 */
export function configMap({ name, namespace, app, team, rng, extraKeys = 0, shape = 'realistic' }) {
  const full = isFull(shape);
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, '  labels:', `    app.kubernetes.io/name: ${app}`];
  if (full) lines.push(`    app.kubernetes.io/part-of: ${team}`, '    app.kubernetes.io/managed-by: gitops');
  lines.push('data:', `  LOG_LEVEL: ${rng.pick(logLevels)}`, `  REGION: ${rng.pick(regions)}`);
  if (full) lines.push(`  FEATURE_FLAGS: "${rng.pick(['checkout', 'search', 'recommendations', 'beta-ui'])},${rng.pick(['tracing', 'metrics', 'audit'])}"`);
  lines.push(`  CACHE_TTL_SECONDS: "${rng.int(10, 3600)}"`);
  for (let i = 0; i < extraKeys; i++) lines.push(`  SETTING_${i}: "${rng.hex(12)}"`);
  if (full) {
    lines.push(
      '  application.yaml: |',
      '    server:',
      `      port: ${rng.pick([8080, 8081, 3000, 5000])}`,
      '      shutdown: graceful',
      '    database:',
      `      host: ${app}-db.${namespace}.svc.cluster.local`,
      `      pool: ${rng.int(5, 50)}`,
      '    tracing:',
      `      sampleRate: 0.${rng.int(1, 9)}`,
    );
  }
  return { kind: 'ConfigMap', name, lines };
}

/**
 * deployment is a Deployment with probes, env, volumes and resources, using ConfigMap `configName`.
 * Shape `lean`: one container with its name, image, a named port, one env from a ConfigMap key,
 * envFrom, requests and limits — the fields the validator's rules look at, and nothing optional.
 */
export function deployment({ name, namespace, team, configName, rng, shape = 'realistic' }) {
  const full = isFull(shape);
  const port = rng.pick([8080, 8081, 3000, 5000, 9000]);
  const language = rng.pick(languages);
  const version = `${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 20)}`;
  const image = rng.chance(0.1)
    ? `registry.example.com/${team}/${name}@sha256:${rng.hex(64)}`
    : `registry.example.com/${team}/${name}:${version}`;
  // The realistic shape's random draws stay in their original order, so its corpus is unchanged.
  const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, '  labels:', `    app.kubernetes.io/name: ${name}`];
  if (full) {
    lines.push(
      `    app.kubernetes.io/part-of: ${team}`,
      `    app.kubernetes.io/version: "${version}"`,
      '  annotations:',
      `    owner: ${team}@example.com`,
      `    runbook: https://runbooks.example.com/${team}/${name}`,
    );
  }
  lines.push('spec:', `  replicas: ${rng.int(1, 6)}`);
  if (full) lines.push(`  revisionHistoryLimit: ${rng.pick([3, 5, 10])}`);
  lines.push('  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${name}`);
  if (full) lines.push('  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxSurge: 25%', '      maxUnavailable: 0');
  lines.push('  template:', '    metadata:', '      labels:', `        app.kubernetes.io/name: ${name}`);
  if (full) lines.push(`        app.kubernetes.io/part-of: ${team}`, '      annotations:', '        prometheus.io/scrape: "true"', `        prometheus.io/port: "${port}"`);
  lines.push('    spec:');
  if (full) {
    lines.push(
      '      securityContext:',
      '        runAsNonRoot: true',
      `        runAsUser: ${rng.int(1000, 65000)}`,
      '        fsGroup: 2000',
      '        seccompProfile:',
      '          type: RuntimeDefault',
      `      terminationGracePeriodSeconds: ${rng.pick([30, 45, 60])}`,
    );
    if (rng.chance(0.2)) lines.push('      nodeSelector:', `        kubernetes.io/arch: ${rng.pick(['amd64', 'arm64'])}`, `        node.example.com/pool: ${rng.pick(['general', 'compute', 'memory'])}`);
    if (rng.chance(0.15)) {
      lines.push('      tolerations:', '        - key: dedicated', '          operator: Equal', `          value: ${team}`, '          effect: NoSchedule');
    }
    if (rng.chance(0.2)) {
      lines.push(
        '      affinity:',
        '        podAntiAffinity:',
        '          preferredDuringSchedulingIgnoredDuringExecution:',
        '            - weight: 100',
        '              podAffinityTerm:',
        '                topologyKey: kubernetes.io/hostname',
        '                labelSelector:',
        '                  matchLabels:',
        `                    app.kubernetes.io/name: ${name}`,
      );
    }
    if (rng.chance(0.1)) {
      lines.push(
        '      initContainers:',
        '        - name: migrate',
        `          image: registry.example.com/${team}/${name}-migrations:${version}`,
        '          args: ["migrate", "--wait"]',
        '          envFrom:',
        '            - configMapRef:',
        `                name: ${configName}`,
        '          resources:',
        '            requests:',
        '              cpu: 50m',
        '              memory: 64Mi',
        '            limits:',
        '              cpu: 200m',
        '              memory: 128Mi',
      );
    }
  }
  lines.push('      containers:', `        - name: ${name}`, `          image: ${image}`);
  if (full) {
    lines.push('          imagePullPolicy: IfNotPresent');
    if (rng.chance(0.5)) lines.push(`          args: ["--port=${port}", "--log-format=json"]`);
  }
  lines.push('          ports:', '            - name: http', `              containerPort: ${port}`);
  if (full) lines.push('              protocol: TCP');
  lines.push('          env:');
  if (full) {
    lines.push(
      '            - name: APP_LANGUAGE',
      `              value: ${language}`,
      '            - name: POD_NAME',
      '              valueFrom:',
      '                fieldRef:',
      '                  fieldPath: metadata.name',
    );
  }
  lines.push(
    '            - name: LOG_LEVEL',
    '              valueFrom:',
    '                configMapKeyRef:',
    `                  name: ${configName}`,
    '                  key: LOG_LEVEL',
  );
  if (full) {
    const extraEnv = rng.int(0, 5);
    for (let i = 0; i < extraEnv; i++) lines.push(`            - name: ${language.toUpperCase()}_OPT_${i}`, `              value: "${rng.hex(8)}"`);
  }
  lines.push(
    '          envFrom:',
    '            - configMapRef:',
    `                name: ${configName}`,
    '          resources:',
    '            requests:',
    `              cpu: ${rng.pick(cpuRequests)}`,
    `              memory: ${rng.pick(memoryRequests)}`,
    '            limits:',
    `              cpu: ${rng.pick(cpuLimits)}`,
    `              memory: ${rng.pick(memoryLimits)}`,
  );
  if (!full) return { kind: 'Deployment', name, lines };
  if (rng.chance(0.7)) {
    lines.push(
      '          livenessProbe:',
      '            httpGet:',
      '              path: /healthz',
      '              port: http',
      `            initialDelaySeconds: ${rng.int(5, 30)}`,
      '            periodSeconds: 10',
      '          readinessProbe:',
      '            httpGet:',
      '              path: /ready',
      '              port: http',
      '            periodSeconds: 5',
      '            failureThreshold: 3',
    );
  } else {
    lines.push('          readinessProbe:', '            tcpSocket:', `              port: ${port}`, '            periodSeconds: 10');
  }
  lines.push(
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            readOnlyRootFilesystem: true',
    '            capabilities:',
    '              drop: ["ALL"]',
    '          volumeMounts:',
    '            - name: config',
    '              mountPath: /etc/app',
    '              readOnly: true',
    '            - name: tmp',
    '              mountPath: /tmp',
  );
  if (rng.chance(0.3)) {
    const sidecar = rng.pick(sidecars);
    lines.push(
      `        - name: ${sidecar.name}`,
      `          image: ${sidecar.image}`,
      '          ports:',
      '            - name: admin',
      `              containerPort: ${sidecar.port}`,
      '          resources:',
      '            requests:',
      '              cpu: 25m',
      '              memory: 32Mi',
      '            limits:',
      '              cpu: 100m',
      '              memory: 64Mi',
    );
  }
  lines.push(
    '      volumes:',
    '        - name: config',
    '          configMap:',
    `            name: ${configName}`,
    '        - name: tmp',
    '          emptyDir:',
    '            sizeLimit: 64Mi',
  );
  return { kind: 'Deployment', name, lines };
}

/** service exposes a Deployment's pods. Shape `lean`: the selector and one port. */
export function service({ name, namespace, team, rng, shape = 'realistic' }) {
  const full = isFull(shape);
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`];
  if (full) lines.push('  labels:', `    app.kubernetes.io/name: ${name}`, `    app.kubernetes.io/part-of: ${team}`);
  lines.push('spec:');
  if (full) lines.push(`  type: ${rng.chance(0.9) ? 'ClusterIP' : 'NodePort'}`);
  lines.push('  selector:', `    app.kubernetes.io/name: ${name}`, '  ports:', '    - name: http', `      port: ${rng.pick([80, 8080])}`, '      targetPort: http');
  if (!full) return { kind: 'Service', name, lines };
  lines.push('      protocol: TCP');
  if (rng.chance(0.3)) lines.push('    - name: metrics', '      port: 9090', '      targetPort: 9090', '      protocol: TCP');
  return { kind: 'Service', name, lines };
}

/** gitRepository is the Flux source of the repository itself (shape `lean`: no secretRef). */
export function gitRepository({ name, url, rng, shape = 'realistic' }) {
  const lines = ['apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', `  name: ${name}`, '  namespace: flux-system', 'spec:', `  interval: ${rng.pick(['1m', '5m'])}`, '  ref:', '    branch: main'];
  if (isFull(shape)) lines.push('  secretRef:', '    name: flux-system');
  lines.push(`  url: ${url}`, '  timeout: 60s');
  return { kind: 'GitRepository', name, lines };
}

/** helmRepository is a Flux Helm chart repository (already minimal: the same in both shapes). */
export function helmRepository({ name, rng }) {
  return {
    kind: 'HelmRepository',
    name,
    lines: [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: HelmRepository',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      'spec:',
      `  interval: ${rng.pick(['30m', '1h', '12h'])}`,
      `  url: https://${name}.charts.example.com`,
      '  timeout: 2m',
    ],
  };
}

/** fluxKustomization applies a directory of the repository (shape `lean`: no wait, timeout, dependsOn). */
export function fluxKustomization({ name, path, targetNamespace, source, dependsOn, rng, shape = 'realistic' }) {
  const full = isFull(shape);
  const lines = ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', `  name: ${name}`, '  namespace: flux-system', 'spec:', `  interval: ${rng.pick(['5m', '10m', '30m'])}`, `  path: ./${path}`, '  prune: true'];
  if (full) lines.push('  wait: true', '  timeout: 5m');
  lines.push(`  targetNamespace: ${targetNamespace}`, '  sourceRef:', '    kind: GitRepository', `    name: ${source}`);
  if (full && dependsOn) lines.push('  dependsOn:', `    - name: ${dependsOn}`);
  return { kind: 'FluxKustomization', name, lines };
}

/** helmRelease installs a chart from a HelmRepository (shape `lean`: no releaseName, upgrade, values). */
export function helmRelease({ name, chart, repository, targetNamespace, rng, shape = 'realistic' }) {
  const full = isFull(shape);
  const lines = ['apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', `  name: ${name}`, '  namespace: flux-system', 'spec:', `  interval: ${rng.pick(['10m', '30m', '1h'])}`, `  targetNamespace: ${targetNamespace}`];
  if (full) lines.push(`  releaseName: ${name}`);
  lines.push(
    '  chart:',
    '    spec:',
    `      chart: ${chart}`,
    `      version: "${rng.int(1, 9)}.${rng.int(0, 20)}.x"`,
    '      sourceRef:',
    '        kind: HelmRepository',
    `        name: ${repository}`,
    '  install:',
    '    createNamespace: true',
  );
  if (!full) return { kind: 'HelmRelease', name, lines };
  lines.push(
    '    remediation:',
    '      retries: 3',
    '  upgrade:',
    '    remediation:',
    '      retries: 3',
    '      remediateLastFailure: true',
    '  values:',
    `    replicaCount: ${rng.int(1, 3)}`,
    '    resources:',
    '      requests:',
    '        cpu: 100m',
    '        memory: 128Mi',
    '    serviceMonitor:',
    '      enabled: true',
  );
  return { kind: 'HelmRelease', name, lines };
}

/** argoApplication deploys a directory of this repository with Argo CD (shape `lean`: no finalizer, sync options, retry). */
export function argoApplication({ name, repoURL, path, namespace, server, rng, shape = 'realistic' }) {
  const full = isFull(shape);
  const lines = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', `  name: ${name}`, '  namespace: argocd'];
  if (full) lines.push('  finalizers:', '    - resources-finalizer.argocd.argoproj.io');
  lines.push(
    'spec:',
    '  project: default',
    '  source:',
    `    repoURL: ${repoURL}`,
    '    targetRevision: main',
    `    path: ${path}`,
    '  destination:',
    `    server: ${server}`,
    `    namespace: ${namespace}`,
    '  syncPolicy:',
    '    automated:',
    '      prune: true',
    `      selfHeal: ${rng.chance(0.8)}`,
  );
  if (full) lines.push('    syncOptions:', '      - CreateNamespace=true', '    retry:', `      limit: ${rng.int(2, 5)}`);
  return { kind: 'Application', name, lines };
}

/** joinDocuments writes documents as one stream; returns the text and each document's first line (0-based). */
export function joinDocuments(documents) {
  const parts = [];
  const startLines = [];
  let line = 0;
  documents.forEach((document, index) => {
    if (index > 0) {
      parts.push('---');
      line++;
    }
    startLines.push(line);
    parts.push(...document.lines);
    line += document.lines.length;
  });
  return { text: `${parts.join('\n')}\n`, startLines };
}
