import { LeaderboardPage } from "@/components/leaderboard/leaderboard-page";

export default function Page() {
  return <LeaderboardPage />;
}
