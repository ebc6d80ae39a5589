/** A simple vessel mark; decorative, the product name is always written next to it. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg aria-hidden="true" width={size} height={size} viewBox="0 0 32 32">
      <rect width="32" height="32" rx="7" fill="var(--color-primary)" />
      <path d="M8 20h16l-2.5 5h-11zM15 6h2v12h-2zM17 8l6 8h-6z" fill="#fff" />
    </svg>
  );
}
