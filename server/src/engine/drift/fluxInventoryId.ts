/** fluxInventoryId writes an object's Flux inventory id: `<ns>_<name>_<group>_<kind>`, `:` in the name as `__`. */
export function fluxInventoryId(args: { namespace?: string; name: string; group: string; kind: string }): string {
  return `${args.namespace ?? ''}_${args.name.replace(/:/g, '__')}_${args.group}_${args.kind}`;
}
