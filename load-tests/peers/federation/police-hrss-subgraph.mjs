// Federation peer, subgraph 1 of 2: residents (police, PostgreSQL) with their pension accounts (hrss, PostgreSQL),
// each database behind its own pool of the gateway's size. Started by the side-by-side benchmark.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pg from 'pg';

const police = new pg.Pool({ connectionString: process.env.POLICE_URL, max: 8 });
const hrss = new pg.Pool({ connectionString: process.env.HRSS_URL, max: 8 });

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    resident(idNumber: ID!): Resident
  }

  type Resident @key(fields: "idNumber") {
    idNumber: ID!
    name: String!
    birthDate: String!
    regionCode: String!
    pension: PensionAccount
  }

  type PensionAccount {
    status: String!
    retired: Boolean!
  }
`);

const resolvers = {
  Query: {
    async resident(_, { idNumber }) {
      const { rows } = await police.query({
        name: 'resident',
        text: 'SELECT id_number, name, birth_date::text AS birth_date, region_code FROM resident WHERE id_number = $1',
        values: [idNumber],
      });
      const row = rows[0];
      return row && { idNumber: row.id_number, name: row.name, birthDate: row.birth_date, regionCode: row.region_code };
    },
  },
  Resident: {
    async pension({ idNumber }) {
      const { rows } = await hrss.query({
        name: 'pension',
        text: 'SELECT status, retired FROM pension_account WHERE id_number = $1',
        values: [idNumber],
      });
      return rows[0] ?? null;
    },
  },
};

// No usage reporting is configured, so per-request inline traces would only cost time.
const server = new ApolloServer({
  schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
  plugins: [ApolloServerPluginInlineTraceDisabled()],
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT) } });
console.log(`police-hrss subgraph at ${url}`);
